//%attributes = {"invisible":true,"preemptive":"capable"}
// Minimum 4D release: 19 R4
// LicenseMonitorLegacy_version
// "19 R6 (build 282123)" from Application version's 4-character code: characters 1-2 the
// version, 3 the R number, 4 the fix number ("1960" = 19 R6, "2002" = 20.2, per 4D's doc).
// One character cannot hold R10 and later: they are read as a hexadecimal digit ("20A0" =
// 20 R10), as 4D's own 4DPop components do; 4D's doc does not say it. A code that fits
// neither is shown as it is.
#DECLARE() : Text

var $build; $release : Integer
var $code; $major; $fix; $version : Text

$code:=Application version($build)
$major:=String(Num(Substring($code; 1; 2)))
$release:=Position(Substring($code; 3; 1); "123456789ABCDEF"; *)
$fix:=Substring($code; 4; 1)
Case of 
	: (Length($code)#4)
		$version:=$code
	: (Substring($code; 3; 1)="0")
		$version:=$major+(($fix="0") ? "" : "."+$fix)
	: ($release>0)
		$version:=$major+" R"+String($release)
	Else 
		$version:=$major+" ("+$code+")"
End case 
return $version+" (build "+String($build)+")"
