//%attributes = {"invisible":true,"preemptive":"indifferent"}
// Minimum 4D release: 20 R8
// LicenseMonitor_onError
// ON ERR CALL handler of the LicenseMonitor worker. Records the first error of the run in the
// process variable LicenseMonitor_error (served in the answer's "error" field) and returns:
// without ABORT, 4D resumes the interrupted method, so the worker keeps running and no error
// dialog waits on the server machine. It must not raise an error itself (4D would take over).

// LicenseMonitor_error is declared (var) in LicenseMonitor_collect, which installs this handler.
If (LicenseMonitor_error="")
	LicenseMonitor_error:="4D error "+String(Error)+" in "+Error method+" line "+String(Error line)
	var $errors:=Last errors
	If ($errors#Null) && ($errors.length>0)
		LicenseMonitor_error+=": "+String($errors[0].message)
	End if 
End if 
