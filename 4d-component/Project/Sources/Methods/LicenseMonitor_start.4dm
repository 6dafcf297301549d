//%attributes = {"invisible":true,"preemptive":"capable"}
// LicenseMonitor_start
// Starts the LicenseMonitor worker once. Safe to call from any process, as often as wanted:
// the first caller creates Storage.licenseMonitor inside Use (Storage), so only one
// collection loop is ever posted to the worker.

var $first:=False
Use (Storage)
	If (Storage.licenseMonitor=Null)
		Storage.licenseMonitor:=New shared object("secretDigest"; ""; "settingsError"; "the worker has not read its settings yet"; "lastError"; ""; "collectedAtMs"; 0)
		$first:=True
	End if 
End use 

If ($first)
	// The method name as text: the worker runs it cooperatively, this caller may be preemptive.
	CALL WORKER("LicenseMonitor"; "LicenseMonitor_collect")
End if 
