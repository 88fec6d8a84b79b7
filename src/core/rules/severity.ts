// How loudly a finding is reported: shared by rule definitions, findings and configuration.
export type Severity = 'error' | 'warning' | 'info';
/** Configured severity; `off` disables the rule. */
export type SeverityOption = Severity | 'off';
