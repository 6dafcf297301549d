//%attributes = {"invisible":true,"preemptive":"capable"}
// Minimum 4D release: 19 R4
// LicenseMonitorLegacy_answer
// What to send for one request, given its Authorization header: {status; statusLine; body}.
// Shared by the On Web Connection and REST variants. Thread-safe: reads only Storage, never
// the license commands (the worker does). Errors are JSON too: {"error": sentence}.
#DECLARE($authorization : Text) : Object

var $state; $body : Object
var $token : Text

$state:=Storage.licenseMonitor
Case of 
	: ($state=Null)
		return LicenseMonitorLegacy_failure(503; "The license monitor worker has not started yet")
	: (String($state.secretDigest)="")
		// Never serve without a secret; say why without revealing the server's paths.
		return LicenseMonitorLegacy_failure(503; "The license monitor endpoint has no usable secret: "+String($state.settingsError))
End case 

// Compares SHA-256 digests, not the texts: 4D's text "=" ignores case and treats "@" as a
// wildcard, so "Bearer @" would match any secret.
If (Length($authorization)>7) && (Lowercase(Substring($authorization; 1; 7))="bearer ")
	$token:=Substring($authorization; 8)
End if 
Case of 
	: ($token="") || (Generate digest($token; SHA256 digest)#$state.secretDigest)
		return LicenseMonitorLegacy_failure(401; "Missing or wrong bearer token")
	: ($state.snapshot=Null)
		return LicenseMonitorLegacy_failure(503; "No license usage collected yet: "+String($state.error))
End case 

$body:=OB Copy($state.snapshot)
// How old the copy is and how often it should be renewed: a worker that stopped shows as an
// ageMs far above refreshSeconds, and the monitor shows such data as stale, not current.
$body.ageMs:=LicenseMonitorLegacy_elapsedMs($state.collectedAtMs; Milliseconds)
$body.refreshSeconds:=$state.refreshSeconds
If (String($state.error)#"")
	$body.error:=$state.error  // the latest refresh failed: this is the previous copy
End if 
return New object("status"; 200; "statusLine"; "200 OK"; "body"; $body)
