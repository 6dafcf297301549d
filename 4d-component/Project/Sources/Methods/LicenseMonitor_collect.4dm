//%attributes = {"invisible":true,"preemptive":"incapable"}
// Minimum 4D release: 20 R8
// LicenseMonitor_collect
// One refresh of the cooperative worker "LicenseMonitor" (preemptive: incapable, because
// License usage is not thread-safe). Reads License usage, and License info at most once a
// minute, and puts a copy in Storage.licenseMonitor with the moment it was taken; requests
// only read that copy.
// An error never stops the worker: LicenseMonitor_onError records it (served in the
// answer's "error" field) and 4D resumes here. The next run is posted first, so even an
// error that interrupts this run cannot end the loop; a worker that does stop shows in the
// answer's growing "ageMs".

var LicenseMonitor_error : Text  // process variable, filled by LicenseMonitor_onError
ON ERR CALL("LicenseMonitor_onError")
LicenseMonitor_error:=""

If (Not(Process aborted))
	CALL WORKER(Current process name; "LicenseMonitor_collect")
End if 

var $settings:=LicenseMonitor_settings
var $usage:=License usage
If ($usage=Null) && (LicenseMonitor_error="")
	LicenseMonitor_error:="License usage returned null: this code must run on 4D Server"
End if 

// License info reloads the license files from disk on every call: read it at most once a minute.
var $now:=Milliseconds
If (LicenseMonitor_licenseInfoDue($now))
	var $errorBefore:=LicenseMonitor_error
	var $products:=LicenseMonitor_products(License info)
	If (LicenseMonitor_error=$errorBefore)  // keep the previous copy when the read failed
		Use (Storage.licenseMonitor)
			Storage.licenseMonitor.licenseInfo:=OB Copy({products: $products; time: Timestamp; readAtMs: $now}; ck shared; Storage.licenseMonitor)
		End use 
	End if 
End if 

var $snapshot : Object
If ($usage#Null)
	var $info:=Storage.licenseMonitor.licenseInfo
	$snapshot:={\
		server: {name: $settings.serverName; machine: Current machine; version: LicenseMonitor_version}; \
		time: Timestamp; \
		licenseInfo: ($info=Null) ? {products: []} : {products: $info.products.copy(); time: $info.time}; \
		usage: $usage}
End if 

Use (Storage.licenseMonitor)
	Storage.licenseMonitor.secretDigest:=$settings.secretDigest
	Storage.licenseMonitor.settingsError:=$settings.error
	Storage.licenseMonitor.refreshSeconds:=$settings.refreshSeconds
	Storage.licenseMonitor.error:=LicenseMonitor_error
	If ($snapshot#Null)
		// Copied into the same shared group, so it can be attached to Storage.licenseMonitor.
		Storage.licenseMonitor.snapshot:=OB Copy($snapshot; ck shared; Storage.licenseMonitor)
		Storage.licenseMonitor.collectedAtMs:=$now
	End if 
End use 

DELAY PROCESS(Current process; $settings.refreshSeconds*60)  // ticks: the pause before the posted next run
