// Minimum 4D release: 19 R4
// On Server Startup (On Web Connection and REST variants): add this line to your existing
// database method. Warms the license usage copy before the first request.
LicenseMonitorLegacy_start
