//%attributes = {"invisible":true,"preemptive":"incapable"}
// LicenseMonitorLegacy_collect (4D 19 R4 to 20 R7)
// Runs in the cooperative worker "LicenseMonitor": Get license usage is not thread-safe.
// Uses the command names from before the 20 R7 rename. They are written with their
// command numbers (:C1782, :C1489) so 4D resolves them after the rename too.
// Reads <data folder>/LicenseMonitor/settings.json ({"secret", "refreshSeconds", "serverName"}),
// keeps only the secret's SHA-256 digest, and reposts itself every refreshSeconds.

var $file : 4D.File
var $settings; $info; $product; $snapshot; $server : Object
var $products; $usage : Collection
var $secret; $secretDigest; $settingsError; $serverName; $error : Text
var $refreshSeconds : Real

$refreshSeconds:=5
$file:=Folder(fk data folder).folder("LicenseMonitor").file("settings.json")
If ($file.exists)
	$settings:=JSON Parse($file.getText())  // invalid JSON raises a 4D error: fix the file
End if 
If ($settings=Null)
	$settingsError:="No readable settings file: create LicenseMonitor/settings.json in the data folder"
Else 
	$secret:=String($settings.secret)
	If (Length($secret)<16)
		$settingsError:="The secret in the settings file is missing or shorter than 16 characters"
	Else 
		$secretDigest:=Generate digest($secret; SHA256 digest)
	End if 
	If (Num($settings.refreshSeconds)>=1)
		$refreshSeconds:=Num($settings.refreshSeconds)
	End if 
	$serverName:=String($settings.serverName)
End if 
If ($serverName="")
	$serverName:=File(Structure file; fk platform path).name
End if 

$usage:=Get license usage:C1782
If ($usage=Null)
	$error:="Get license usage returned null: this code must run on 4D Server"
Else 
	$products:=New collection
	$info:=Get license info:C1489
	If ($info#Null)
		If ($info.products#Null)
			For each ($product; $info.products)  // never the license number or the account's mail
				$products.push(New object("id"; $product.id; "name"; $product.name; "usedCount"; $product.usedCount; "allowedCount"; $product.allowedCount))
			End for each 
		End if 
	End if 
	$server:=New object("name"; $serverName; "machine"; Current machine; "version"; Application version)
	$snapshot:=New object("server"; $server; "time"; Timestamp; "licenseInfo"; New object("products"; $products); "usage"; $usage)
End if 

Use (Storage.licenseMonitor)
	Storage.licenseMonitor.secretDigest:=$secretDigest
	Storage.licenseMonitor.settingsError:=$settingsError
	Storage.licenseMonitor.lastError:=$error
	If ($snapshot#Null)
		Storage.licenseMonitor.snapshot:=OB Copy($snapshot; ck shared; Storage.licenseMonitor)
		Storage.licenseMonitor.collectedAtMs:=Milliseconds
	End if 
End use 

If (Not(Process aborted))
	DELAY PROCESS(Current process; $refreshSeconds*60)  // ticks
	CALL WORKER(Current process name; "LicenseMonitorLegacy_collect")
End if 
