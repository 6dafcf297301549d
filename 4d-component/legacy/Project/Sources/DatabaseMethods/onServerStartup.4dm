// On Server Startup (4D 19 R4 to 20 R7): add this line to your existing database method.
LicenseMonitorLegacy_start
