//%attributes = {"invisible":true,"preemptive":"incapable"}
// LicenseMonitor_collect
// Runs in the cooperative worker "LicenseMonitor" (preemptive: incapable), because
// License usage is not thread-safe. Every few seconds it reads License usage and
// License info and puts a copy in Storage.licenseMonitor, with the moment it was taken;
// handlers only read that copy. It posts its own next run, so one CALL WORKER keeps it going.

var $settings:=LicenseMonitor_settings
var $error:=""
var $snapshot : Object

Try
	var $usage:=License usage
	If ($usage=Null)
		$error:="License usage returned null: this code must run on 4D Server"
	Else 
		$snapshot:={\
			server: {name: $settings.serverName; machine: Current machine; version: LicenseMonitor_version}; \
			time: Timestamp; \
			licenseInfo: {products: LicenseMonitor_products(License info)}; \
			usage: $usage}
	End if 
Catch
	$error:="Reading license usage failed"
	If (Last errors.length>0)
		$error+=": "+Last errors[0].message
	End if 
End try

Use (Storage.licenseMonitor)
	Storage.licenseMonitor.secretDigest:=$settings.secretDigest
	Storage.licenseMonitor.settingsError:=$settings.error
	Storage.licenseMonitor.lastError:=$error
	If ($snapshot#Null)
		// Copied into the same shared group, so it can be attached to Storage.licenseMonitor.
		Storage.licenseMonitor.snapshot:=OB Copy($snapshot; ck shared; Storage.licenseMonitor)
		Storage.licenseMonitor.collectedAtMs:=Milliseconds
	End if 
End use 

If (Not(Process aborted))
	DELAY PROCESS(Current process; $settings.refreshSeconds*60)  // ticks
	CALL WORKER(Current process name; "LicenseMonitor_collect")
End if 
