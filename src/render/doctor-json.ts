/**
 * `pvapi doctor --format json`: the report as versioned JSON (schema in src/doctor/report.ts).
 */
import type { DoctorReport } from '../doctor/report.js'

/** Render the report as JSON text (one document, trailing newline). */
export function renderDoctorJson(r: DoctorReport): string {
  return JSON.stringify(r, null, 2) + '\n'
}
