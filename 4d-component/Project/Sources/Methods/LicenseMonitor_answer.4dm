//%attributes = {"invisible":true,"preemptive":"capable"}
// LicenseMonitor_answer
// What to send for one request, given its Authorization header: {status; body}.
// Thread-safe: reads only Storage. Errors are JSON {"error": sentence}.
#DECLARE($authorization : Text) : Object

var $state:=Storage.licenseMonitor
var $body : Object

Case of 
	: ($state=Null)
		return {status: 503; body: {error: "The license monitor worker has not started yet"}}
		
	: (String($state.secretDigest)="")
		// Never serve without a secret; say why without revealing the server's paths.
		return {status: 503; body: {error: "The license monitor endpoint has no usable secret: "+String($state.settingsError)}}
		
	: (Not(LicenseMonitor_authorized($authorization; $state.secretDigest)))
		return {status: 401; body: {error: "Missing or wrong bearer token"}}
		
	: ($state.snapshot=Null)
		return {status: 503; body: {error: "No license usage collected yet: "+String($state.lastError)}}
End case 

$body:=OB Copy($state.snapshot)
// How old the copy is: the monitor shows old data as stale rather than current.
// Milliseconds is a Longint that wraps after about 24.8 days of uptime: undo one wrap.
var $ageMs:=Milliseconds-$state.collectedAtMs
If ($ageMs<0)
	$ageMs+=4294967296
End if 
$body.ageMs:=$ageMs
If (String($state.lastError)#"")
	$body.lastError:=$state.lastError
End if 
return {status: 200; body: $body}
