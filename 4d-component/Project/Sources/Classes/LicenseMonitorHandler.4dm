// LicenseMonitorHandler: HTTP request handler for the 4D License Monitor (4D 20 R8 and later).
// HTTPHandlers.json maps GET /license-usage to licenseUsage(). Handlers run preemptively,
// where the thread-unsafe License usage command would fail, so this only serves the copy
// that the cooperative worker (LicenseMonitor_collect) keeps in Storage.
// A handler request runs in a guest web session: it costs no 4D Client license.

shared singleton Class constructor()
	
Function licenseUsage($request : 4D.IncomingMessage) : 4D.OutgoingMessage
	// Starting here too means the endpoint works even if On Server Startup was not edited.
	LicenseMonitor_start
	
	var $authorization : Text:=$request.getHeader("Authorization")
	var $answer:=LicenseMonitor_answer($authorization)
	
	var $response:=4D.OutgoingMessage.new()
	$response.setBody($answer.body)  // an object: sent as application/json
	$response.setStatus($answer.status)
	$response.setHeader("Cache-Control"; "no-store")
	If ($answer.status=401)
		$response.setHeader("WWW-Authenticate"; "Bearer")
	End if 
	return $response
