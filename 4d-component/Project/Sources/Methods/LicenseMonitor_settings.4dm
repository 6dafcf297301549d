//%attributes = {"invisible":true,"preemptive":"capable"}
// Minimum 4D release: 20 R8
// LicenseMonitor_settings
// Reads <data folder>/LicenseMonitor/settings.json, e.g.
//   {"secret": "at least 16 random characters", "refreshSeconds": 5, "serverName": "Accounting"}
// The secret lives beside the data file on the server, never in the code or the project.
// Only its SHA-256 digest leaves this method.
#DECLARE() : Object

var $file:=Folder(fk data folder).folder("LicenseMonitor").file("settings.json")
var $settings:={secretDigest: ""; refreshSeconds: 5; serverName: ""; error: ""}
var $read : Object

If (Not($file.exists))
	$settings.error:="No settings file: create LicenseMonitor/settings.json in the data folder"
Else 
	Try
		$read:=JSON Parse($file.getText())
	Catch
		$settings.error:="The settings file is not valid JSON"
	End try
End if 

If ($read#Null)
	var $secret:=String($read.secret)
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
