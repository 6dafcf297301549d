// DataStore class: REST variant of the license usage endpoint (4D 20 and later).
// Called as POST /rest/$catalog/licenseUsage with the body [] ; 4D answers {"result": ...}.
// Merge this function into your DataStore class if you already have one.
//
// LICENSE COST: a REST request runs in a REST session. If your REST server requires a
// login (force login, or an authenticated session), that session holds a 4D Client
// license for as long as it lives, and a caller that does not reuse its session cookie
// opens a new session (and a new license) on every request. The monitor would then hold
// a license itself and be locked out exactly when licenses run out. Prefer the HTTP
// handler (20 R8+) or the On Web Connection variant, which cost no license; use this
// only with a guest (unauthenticated) session allowed to execute this one function.
//
// Serves the copy kept in Storage by the LicenseMonitor worker (install the worker from
// ../Project (20 R7+) or ../legacy (earlier), and call its start method at startup).

Class extends DataStoreImplementation

exposed Function licenseUsage() : Object
	LicenseMonitor_start  // LicenseMonitorLegacy_start before 20 R7
	
	// REST requests are served by web processes, where WEB GET HTTP HEADER reads the request.
	ARRAY TEXT($fields; 0)
	ARRAY TEXT($values; 0)
	WEB GET HTTP HEADER($fields; $values)
	var $authorization : Text
	var $index:=Find in array($fields; "Authorization")
	If ($index>0)
		$authorization:=$values{$index}
	End if 
	
	var $answer:=LicenseMonitor_answer($authorization)
	If ($answer.status#200)
		// A thrown error reaches the monitor as a 4D REST __ERROR with this sentence.
		throw($answer.status; $answer.body.error)
	End if 
	return $answer.body
