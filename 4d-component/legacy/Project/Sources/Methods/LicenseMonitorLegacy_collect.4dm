//%attributes = {"invisible":true,"preemptive":"incapable"}
// Minimum 4D release: 19 R4
// LicenseMonitorLegacy_collect
// One refresh of the cooperative worker "LicenseMonitor": Get license usage is not thread-safe.
// The license commands are written with their command numbers (:C1782, :C1489), so 4D resolves
// them before and after the 20 R7 rename (License usage, License info).
// An error never stops the worker: LicenseMonitorLegacy_onError records it (served in the
// answer's "error" field) and 4D resumes here. The next run is posted first, so even an error
// that interrupts this run cannot end the loop; a worker that does stop shows in "ageMs".

var LicenseMonitorLegacy_error : Text  // process variable, filled by LicenseMonitorLegacy_onError
var $settings; $snapshot; $server; $licenseInfo : Object
var $usage; $products : Collection
var $now : Real
var $errorBefore : Text

ON ERR CALL("LicenseMonitorLegacy_onError")
LicenseMonitorLegacy_error:=""

If (Not(Process aborted))
	CALL WORKER("LicenseMonitor"; "LicenseMonitorLegacy_collect")
End if 

$settings:=LicenseMonitorLegacy_settings
$usage:=Get license usage:C1782
If ($usage=Null) && (LicenseMonitorLegacy_error="")
	LicenseMonitorLegacy_error:="Get license usage returned null: this code must run on 4D Server"
End if 

// Get license info reloads the license files from disk on every call: read it at most once a minute.
$now:=Milliseconds
If (LicenseMonitorLegacy_licenseInfoDue($now))
	$errorBefore:=LicenseMonitorLegacy_error
	$products:=LicenseMonitorLegacy_products(Get license info:C1489)
	If (LicenseMonitorLegacy_error=$errorBefore)  // keep the previous copy when the read failed
		Use (Storage.licenseMonitor)
			Storage.licenseMonitor.licenseInfo:=OB Copy(New object("products"; $products; "time"; Timestamp; "readAtMs"; $now); ck shared; Storage.licenseMonitor)
		End use 
	End if 
End if 

If ($usage#Null)
	$licenseInfo:=New object("products"; New collection)
	If (Storage.licenseMonitor.licenseInfo#Null)
		$licenseInfo:=New object("products"; Storage.licenseMonitor.licenseInfo.products.copy(); "time"; Storage.licenseMonitor.licenseInfo.time)
	End if 
	$server:=New object("name"; $settings.serverName; "machine"; Current machine; "version"; LicenseMonitorLegacy_version)
	$snapshot:=New object("server"; $server; "time"; Timestamp; "licenseInfo"; $licenseInfo; "usage"; $usage)
End if 

Use (Storage.licenseMonitor)
	Storage.licenseMonitor.secretDigest:=$settings.secretDigest
	Storage.licenseMonitor.settingsError:=$settings.error
	Storage.licenseMonitor.refreshSeconds:=$settings.refreshSeconds
	Storage.licenseMonitor.error:=LicenseMonitorLegacy_error
	If ($snapshot#Null)
		Storage.licenseMonitor.snapshot:=OB Copy($snapshot; ck shared; Storage.licenseMonitor)
		Storage.licenseMonitor.collectedAtMs:=$now
	End if 
End use 

DELAY PROCESS(Current process; $settings.refreshSeconds*60)  // ticks: the pause before the posted next run
