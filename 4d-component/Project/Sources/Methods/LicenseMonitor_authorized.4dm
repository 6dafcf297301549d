//%attributes = {"invisible":true,"preemptive":"capable"}
// Minimum 4D release: 20 R8
// LicenseMonitor_authorized
// True when the header is "Bearer <secret>". Compares SHA-256 digests, not the texts:
// 4D's text "=" ignores case and treats "@" as a wildcard, so "Bearer @" would match
// any secret; digests of different secrets never compare equal.
#DECLARE($authorization : Text; $secretDigest : Text) : Boolean

If (Length($authorization)<=7) || (Lowercase(Substring($authorization; 1; 7))#"bearer ")
	return False
End if 
var $token:=Substring($authorization; 8)
return Generate digest($token; SHA256 digest)=$secretDigest
