//%attributes = {"invisible":true,"preemptive":"indifferent"}
// Minimum 4D release: 19 R4
// LicenseMonitorLegacy_onError
// ON ERR CALL handler of the LicenseMonitor worker. Records the first error of the run in the
// process variable LicenseMonitorLegacy_error (declared in LicenseMonitorLegacy_collect; served
// in the answer's "error" field) and returns: without ABORT, 4D resumes the interrupted method,
// so the worker keeps running and no error dialog waits on the server machine. It must not
// raise an error itself (4D would take over). Only the error code and place are kept: the
// system variables below exist in every release this variant supports.

If (LicenseMonitorLegacy_error="")
	LicenseMonitorLegacy_error:="4D error "+String(Error)+" in "+Error method+" line "+String(Error line)
End if 
