//%attributes = {"invisible":true,"preemptive":"capable"}
// Minimum 4D release: 20 R8
// LicenseMonitor_answer
// What to send for one request, given its Authorization header: {status; body}.
// Thread-safe: reads only Storage, never License usage or License info (the worker does).
// Errors are JSON too: {"error": sentence}.
#DECLARE($authorization : Text) : Object

var $state:=Storage.licenseMonitor

Case of 
	: ($state=Null)
		return {status: 503; body: {error: "The license monitor worker has not started yet"}}
		
	: (String($state.secretDigest)="")
		// Never serve without a secret; say why without revealing the server's paths.
		return {status: 503; body: {error: "The license monitor endpoint has no usable secret: "+String($state.settingsError)}}
		
	: (Not(LicenseMonitor_authorized($authorization; $state.secretDigest)))
		return {status: 401; body: {error: "Missing or wrong bearer token"}}
		
	: ($state.snapshot=Null)
		return {status: 503; body: {error: "No license usage collected yet: "+String($state.error)}}
End case 

var $body:=OB Copy($state.snapshot)
// How old the copy is and how often it should be renewed: a worker that stopped shows as an
// ageMs far above refreshSeconds, and the monitor shows such data as stale, not current.
$body.ageMs:=LicenseMonitor_elapsedMs($state.collectedAtMs; Milliseconds)
$body.refreshSeconds:=$state.refreshSeconds
If (String($state.error)#"")
	$body.error:=$state.error  // the latest refresh failed: this is the previous copy
End if 
return {status: 200; body: $body}
