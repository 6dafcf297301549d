//%attributes = {"invisible":true,"preemptive":"capable"}
// Minimum 4D release: 19 R4
// LicenseMonitorLegacy_products
// Keeps only what the monitor needs from Get license info: each product's counts and rights,
// never the license number, the account's mail or the company name.
#DECLARE($info : Object) : Collection

var $products; $rights : Collection
var $product; $right : Object

$products:=New collection
If ($info#Null) && ($info.products#Null)
	For each ($product; $info.products)
		$rights:=New collection
		If ($product.rights#Null)
			For each ($right; $product.rights)
				$rights.push(New object("count"; $right.count; "expirationDate"; $right.expirationDate))
			End for each 
		End if 
		$products.push(New object("id"; $product.id; "name"; $product.name; "usedCount"; $product.usedCount; "allowedCount"; $product.allowedCount; "rights"; $rights))
	End for each 
End if 
return $products
