// lib/doctor: `ssh -v` output in; the failing hop, the cause and the exact fix out. Pure.
export { diagnoseSshLog, type Diagnosis, type DiagnoseResult, type DoctorCode, type DoctorContext, type DoctorHop, type DoctorKeyInfo, type Finding } from './diagnose';
export type { Fix, DoctorOs } from './fixes';
export { captureCommands, type CaptureCommands } from './capture';
export { diagnosisJson, type DiagnosisJson } from './json';
