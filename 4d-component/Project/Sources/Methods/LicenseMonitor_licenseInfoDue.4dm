//%attributes = {"invisible":true,"preemptive":"capable"}
// Minimum 4D release: 20 R8
// LicenseMonitor_licenseInfoDue
// True when the cached License info is missing or a minute old: License info reloads the
// license files from disk on each call, so the worker reads it at most once a minute.
#DECLARE($nowMs : Real) : Boolean

var $cached:=Storage.licenseMonitor.licenseInfo
If ($cached=Null)
	return True
End if 
return LicenseMonitor_elapsedMs($cached.readAtMs; $nowMs)>=60000
