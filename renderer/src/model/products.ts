/**
 * The 4D Client license's product id: the four characters "0009" read as a
 * 32-bit number, as 4D's own example answer shows. Views pick it first when
 * they need one product to start with; ids still come from what servers send.
 */
export const FOUR_D_CLIENT_PRODUCT_ID = 808464441
