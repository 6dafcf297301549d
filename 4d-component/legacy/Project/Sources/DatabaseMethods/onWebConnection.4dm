// On Web Connection (4D 19 R4 to 20 R7): serves GET /license-usage to the 4D License Monitor.
// Merge into your existing On Web Connection: keep your code in the Else branch.
// Serves the copy that the LicenseMonitor worker keeps in Storage (Get license usage is
// not thread-safe, web processes may be preemptive). Needs no REST session, so no license.
#DECLARE($url : Text; $header : Text; $peerIP : Text; $localIP : Text; $user : Text; $password : Text)

var $state; $body : Object
var $authorization; $status; $json : Text
var $ageMs : Real
ARRAY TEXT($fields; 0)
ARRAY TEXT($values; 0)

If ($url="/license-usage@")  // "@" is 4D's wildcard: /license-usage and /license-usage?...
	LicenseMonitorLegacy_start
	WEB GET HTTP HEADER($fields; $values)
	If (Find in array($fields; "Authorization")>0)
		$authorization:=$values{Find in array($fields; "Authorization")}
	End if 
	
	$state:=Storage.licenseMonitor
	$status:="200 OK"
	Case of 
		: ($state=Null)
			$status:="503 Service Unavailable"
			$body:=New object("error"; "The license monitor worker has not started yet")
		: (String($state.secretDigest)="")
			$status:="503 Service Unavailable"
			$body:=New object("error"; "The license monitor endpoint has no usable secret: "+String($state.settingsError))
		: (Substring($authorization; 1; 7)#"Bearer ")
			$status:="401 Unauthorized"
			$body:=New object("error"; "Missing or wrong bearer token")
		: (Generate digest(Substring($authorization; 8); SHA256 digest)#$state.secretDigest)
			// Digests, not texts: 4D's "=" ignores case and treats "@" as a wildcard.
			$status:="401 Unauthorized"
			$body:=New object("error"; "Missing or wrong bearer token")
		: ($state.snapshot=Null)
			$status:="503 Service Unavailable"
			$body:=New object("error"; "No license usage collected yet: "+String($state.lastError))
		Else 
			$body:=OB Copy($state.snapshot)
			$ageMs:=Milliseconds-$state.collectedAtMs
			If ($ageMs<0)  // Milliseconds wraps after about 24.8 days of uptime
				$ageMs:=$ageMs+4294967296
			End if 
			$body.ageMs:=$ageMs
	End case 
	
	ARRAY TEXT($fields; 0)
	ARRAY TEXT($values; 0)
	APPEND TO ARRAY($fields; "X-STATUS")
	APPEND TO ARRAY($values; $status)
	APPEND TO ARRAY($fields; "Cache-Control")
	APPEND TO ARRAY($values; "no-store")
	WEB SET HTTP HEADER($fields; $values)
	$json:=JSON Stringify($body)
	WEB SEND TEXT($json; "application/json")
Else 
	// ... your existing On Web Connection code ...
End if 
