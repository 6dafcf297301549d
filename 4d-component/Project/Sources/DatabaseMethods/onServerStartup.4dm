// Minimum 4D release: 20 R8
// On Server Startup: add this line to your existing database method.
// Warms the license usage copy before the first request (the handler would start it anyway).
LicenseMonitor_start
