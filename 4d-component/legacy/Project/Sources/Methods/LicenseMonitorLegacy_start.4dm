//%attributes = {"invisible":true,"preemptive":"capable"}
// LicenseMonitorLegacy_start (4D 19 R4 to 20 R7, On Web Connection variant)
// Starts the LicenseMonitor worker once; safe to call from any process, as often as wanted.

var $first : Boolean
Use (Storage)
	If (Storage.licenseMonitor=Null)
		Storage.licenseMonitor:=New shared object("secretDigest"; ""; "settingsError"; "the worker has not read its settings yet"; "lastError"; ""; "collectedAtMs"; 0)
		$first:=True
	End if 
End use 
If ($first)
	CALL WORKER("LicenseMonitor"; "LicenseMonitorLegacy_collect")
End if 
