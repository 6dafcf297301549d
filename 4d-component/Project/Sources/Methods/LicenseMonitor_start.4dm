//%attributes = {"invisible":true,"preemptive":"capable"}
// Minimum 4D release: 20 R8
// LicenseMonitor_start
// Starts the LicenseMonitor worker once. Safe to call from any process, as often as wanted:
// the first caller creates Storage.licenseMonitor inside Use (Storage), so only one
// collection loop is ever posted to the worker.

var $first:=False
Use (Storage)
	If (Storage.licenseMonitor=Null)
		Storage.licenseMonitor:=New shared object("secretDigest"; ""; "settingsError"; "the worker has not read its settings yet"; "error"; ""; "refreshSeconds"; 5; "collectedAtMs"; 0)
		$first:=True
	End if 
End use 

If ($first)
	// The method name as text: LicenseMonitor_collect is "preemptive: incapable", so the worker it
	// creates is cooperative (License usage is not thread-safe), whatever the caller is.
	CALL WORKER("LicenseMonitor"; "LicenseMonitor_collect")
End if 
