//%attributes = {"invisible":true,"preemptive":"capable"}
// LicenseMonitor_products
// Keeps only what the monitor needs from License info: never the license number,
// the account's mail or the company name.
#DECLARE($info : Object) : Collection

var $products:=[]
If ($info#Null) && ($info.products#Null)
	var $product : Object
	For each ($product; $info.products)
		$products.push({id: $product.id; name: $product.name; usedCount: $product.usedCount; allowedCount: $product.allowedCount})
	End for each 
End if 
return $products
