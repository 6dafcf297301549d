//%attributes = {"invisible":true,"preemptive":"capable"}
// Minimum 4D release: 19 R4
// LicenseMonitorLegacy_failure
// An error answer: {status; statusLine; body: {error: sentence}}.
#DECLARE($status : Integer; $sentence : Text) : Object

var $statusLine : Text
Case of 
	: ($status=401)
		$statusLine:="401 Unauthorized"
	Else 
		$statusLine:="503 Service Unavailable"
End case 
return New object("status"; $status; "statusLine"; $statusLine; "body"; New object("error"; $sentence))
