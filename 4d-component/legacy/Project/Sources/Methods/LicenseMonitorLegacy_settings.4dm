//%attributes = {"invisible":true,"preemptive":"capable"}
// Minimum 4D release: 19 R4
// LicenseMonitorLegacy_settings
// Reads <data folder>/LicenseMonitor/settings.json, e.g.
//   {"secret": "at least 16 random characters", "refreshSeconds": 5, "serverName": "Accounting"}
// The secret lives beside the data file on the server, never in the code or the project.
// Only its SHA-256 digest leaves this method. Called by the worker only: invalid JSON raises
// a 4D error that the worker's handler records.
#DECLARE() : Object

var $file : 4D.File
var $read; $settings : Object
var $secret : Text

$settings:=New object("secretDigest"; ""; "refreshSeconds"; 5; "serverName"; ""; "error"; "")
$file:=Folder(fk data folder).folder("LicenseMonitor").file("settings.json")
If ($file.exists)
	$read:=JSON Parse($file.getText())
End if 

If ($read=Null)
	$settings.error:="No readable settings file: create LicenseMonitor/settings.json (valid JSON) in the data folder"
Else 
	$secret:=String($read.secret)
	If (Length($secret)<16)
		$settings.error:="The secret in the settings file is missing or shorter than 16 characters"
	Else 
		$settings.secretDigest:=Generate digest($secret; SHA256 digest)
	End if 
	If (Num($read.refreshSeconds)>=1)
		$settings.refreshSeconds:=Num($read.refreshSeconds)
	End if 
	$settings.serverName:=String($read.serverName)
End if 

If ($settings.serverName="")
	$settings.serverName:=File(Structure file; fk platform path).name
End if 
return $settings
