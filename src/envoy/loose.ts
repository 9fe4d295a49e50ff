/**
 * A transitional loose view of already validated model objects, for the trace and check modules that
 * still index them by field name. Every value reaching them was checked against its shape in
 * `model.ts` where the dump was read (`ConfigDump.section`), so the fields they read have the right JSON
 * types; new code uses the interfaces of `model.ts` instead.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TODO(issue 11): move trace/ and check/ onto model.ts
export type Json = Record<string, any>
