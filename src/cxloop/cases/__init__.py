"""Cases: complaints and errors handled as a process."""
