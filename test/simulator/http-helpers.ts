// Response bodies in these tests are read loosely on purpose: the assertions
// that follow are what check their shape.

export async function readJson(res: Response): Promise<any> {
  return res.json()
}
