//%attributes = {"invisible":true,"preemptive":"capable"}
// Minimum 4D release: 19 R4
// LicenseMonitorLegacy_elapsedMs
// Milliseconds between two readings of Milliseconds. Milliseconds is a Longint that wraps
// after about 24.8 days of uptime: one wrap is undone.
#DECLARE($fromMs : Real; $toMs : Real) : Real

var $elapsed : Real
$elapsed:=$toMs-$fromMs
If ($elapsed<0)
	$elapsed+=4294967296
End if 
return $elapsed
