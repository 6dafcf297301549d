//%attributes = {"invisible":true,"preemptive":"capable"}
// Minimum 4D release: 19 R4
// LicenseMonitorLegacy_start (On Web Connection and REST variants)
// Starts the LicenseMonitor worker once; safe to call from any process, as often as wanted:
// the first caller creates Storage.licenseMonitor inside Use (Storage), so only one
// collection loop is ever posted to the worker.

var $first : Boolean
Use (Storage)
	If (Storage.licenseMonitor=Null)
		Storage.licenseMonitor:=New shared object("secretDigest"; ""; "settingsError"; "the worker has not read its settings yet"; "error"; ""; "refreshSeconds"; 5; "collectedAtMs"; 0)
		$first:=True
	End if 
End use 
If ($first)
	// LicenseMonitorLegacy_collect is "preemptive: incapable": the worker it creates is cooperative.
	CALL WORKER("LicenseMonitor"; "LicenseMonitorLegacy_collect")
End if 
