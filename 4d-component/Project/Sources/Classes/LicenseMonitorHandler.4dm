// Minimum 4D release: 20 R8 (HTTP request handlers, 4D.IncomingMessage)
// LicenseMonitorHandler: HTTP request handler for the 4D License Monitor.
// HTTPHandlers.json maps GET /license-usage to licenseUsage(). Handlers run in web processes,
// preemptive in compiled mode, where the thread-unsafe License usage command would fail, so
// this only serves the copy that the cooperative worker (LicenseMonitor_collect) keeps in
// Storage. A handler request costs no 4D Client license (see docs/setup-4d-server.md).

shared singleton Class constructor()
	
Function licenseUsage($request : 4D.IncomingMessage) : 4D.OutgoingMessage
	// Starting here too means the endpoint works even if On Server Startup was not edited.
	LicenseMonitor_start
	
	var $answer:=LicenseMonitor_answer(String($request.getHeader("Authorization")))
	
	var $response:=4D.OutgoingMessage.new()
	// An Object body goes out as application/json, with no 4D tag parsing.
	$response.setBody($answer.body)
	$response.setStatus($answer.status)
	$response.setHeader("Cache-Control"; "no-store")
	If ($answer.status=401)
		$response.setHeader("WWW-Authenticate"; "Bearer")
	End if 
	return $response
