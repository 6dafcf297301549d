//%attributes = {"invisible":true,"preemptive":"capable"}
// Minimum 4D release: 20 R8
// LicenseMonitor_products
// Keeps only what the monitor needs from License info: each product's counts and rights,
// never the license number, the account's mail or the company name.
#DECLARE($info : Object) : Collection

var $products:=[]
If ($info#Null) && ($info.products#Null)
	var $product; $right : Object
	var $rights : Collection
	For each ($product; $info.products)
		$rights:=[]
		If ($product.rights#Null)
			For each ($right; $product.rights)
				$rights.push({count: $right.count; expirationDate: $right.expirationDate})
			End for each 
		End if 
		$products.push({id: $product.id; name: $product.name; usedCount: $product.usedCount; allowedCount: $product.allowedCount; rights: $rights})
	End for each 
End if 
return $products
