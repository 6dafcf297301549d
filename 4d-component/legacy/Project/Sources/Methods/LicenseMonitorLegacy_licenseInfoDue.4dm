//%attributes = {"invisible":true,"preemptive":"capable"}
// Minimum 4D release: 19 R4
// LicenseMonitorLegacy_licenseInfoDue
// True when the cached license info is missing or a minute old: Get license info reloads the
// license files from disk on each call, so the worker reads it at most once a minute.
#DECLARE($nowMs : Real) : Boolean

If (Storage.licenseMonitor.licenseInfo=Null)
	return True
End if 
return LicenseMonitorLegacy_elapsedMs(Storage.licenseMonitor.licenseInfo.readAtMs; $nowMs)>=60000
