//%attributes = {"invisible":true,"preemptive":"capable"}
// LicenseMonitor_version
// "20 R10 (build 123456)" from Application version's 4-character code ("2030" = 20 R3,
// "2002" = 20.2). A code whose release character is not a digit is shown as it is.
#DECLARE() : Text

var $build : Integer
var $code:=Application version($build)
var $major:=String(Num(Substring($code; 1; 2)))
var $release:=Substring($code; 3; 1)
var $fix:=Substring($code; 4; 1)
var $version : Text

Case of 
	: ($release="0")
		$version:=$major+Choose($fix="0"; ""; "."+$fix)
	: (Position($release; "123456789"; *)>0)
		$version:=$major+" R"+$release
	Else 
		$version:=$major+" ("+$code+")"
End case 
return $version+" (build "+String($build)+")"
