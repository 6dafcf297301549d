// Minimum 4D release: 19 R4
// On Web Connection: serves GET /license-usage to the 4D License Monitor.
// Merge into your existing On Web Connection: keep your code in the Else branch.
// Serves the copy that the LicenseMonitor worker keeps in Storage: the license commands are not
// thread-safe, and web processes are preemptive in compiled mode with scalable sessions.
// Needs no REST session, so it costs no 4D Client license.
#DECLARE($url : Text; $header : Text; $peerIP : Text; $localIP : Text; $user : Text; $password : Text)

var $answer : Object
var $authorization; $json : Text
var $index : Integer
var $blob : Blob
ARRAY TEXT($fields; 0)
ARRAY TEXT($values; 0)

// "@" is 4D's wildcard: /license-usage itself, or with a query string, nothing longer.
If ($url="/license-usage") | ($url="/license-usage?@")
	LicenseMonitorLegacy_start
	WEB GET HTTP HEADER($fields; $values)
	$index:=Find in array($fields; "Authorization")  // 4D's text comparison ignores case
	If ($index>0)
		$authorization:=$values{$index}
	End if 
	$answer:=LicenseMonitorLegacy_answer($authorization)
	
	// WEB SET HTTP HEADER: X-VERSION and X-STATUS must be the first and second items.
	ARRAY TEXT($fields; 0)
	ARRAY TEXT($values; 0)
	APPEND TO ARRAY($fields; "X-VERSION")
	APPEND TO ARRAY($values; "HTTP/1.0")  // as in 4D's documented example
	APPEND TO ARRAY($fields; "X-STATUS")
	APPEND TO ARRAY($values; $answer.statusLine)
	APPEND TO ARRAY($fields; "Cache-Control")
	APPEND TO ARRAY($values; "no-store")
	If ($answer.status=401)
		APPEND TO ARRAY($fields; "WWW-Authenticate")
		APPEND TO ARRAY($values; "Bearer")
	End if 
	WEB SET HTTP HEADER($fields; $values)
	
	// A BLOB of type application/json is sent as it is. WEB SEND TEXT (or a text/html BLOB)
	// would parse 4D tags: a user name such as <!--#4DEVAL ...--> would run on the server.
	$json:=JSON Stringify($answer.body)
	TEXT TO BLOB($json; $blob; UTF8 text without length)
	WEB SEND BLOB($blob; "application/json")
Else 
	// ... your existing On Web Connection code ...
End if 
