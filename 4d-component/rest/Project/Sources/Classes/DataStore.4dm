// Minimum 4D release: 20
// DataStore class: REST variant of the license usage endpoint.
// Called as POST /rest/$catalog/licenseUsage with the body [] ; 4D answers {"result": ...}.
// Merge this function into your DataStore class if you already have one. It needs the
// worker and methods of ../../legacy (LicenseMonitorLegacy_*), written for 19 R4 and later.
//
// LICENSE COST: a REST request runs in a REST session, and this call costs a 4D Client
// license for as long as the monitor's session lives. In the default login mode every REST
// session holds one; in force login mode (default for new projects since 20 R6) a guest
// session may not call this function at all: the session needs privileges, granted by
// ds.authentify() through Session.setPrivileges(), which is what takes the license. Prefer
// the HTTP handler (20 R8+) or On Web Connection, which cost none (docs/setup-4d-server.md).
//
// Written for 4D 20 LTS: no throw (20 R2) and no 4D.OutgoingMessage (20 R7), so a refusal
// cannot set an HTTP status here. It is returned as {"result": {"error": sentence,
// "status": 401 or 503}} with HTTP 200.

Class extends DataStoreImplementation

exposed Function licenseUsage() : Object
	var $authorization : Text
	var $index : Integer
	var $answer : Object
	ARRAY TEXT($fields; 0)
	ARRAY TEXT($values; 0)
	
	LicenseMonitorLegacy_start
	// REST requests are served by web processes, where WEB GET HTTP HEADER reads the request.
	WEB GET HTTP HEADER($fields; $values)
	$index:=Find in array($fields; "Authorization")
	If ($index>0)
		$authorization:=$values{$index}
	End if 
	
	$answer:=LicenseMonitorLegacy_answer($authorization)
	If ($answer.status#200)
		$answer.body.status:=$answer.status
	End if 
	return $answer.body
