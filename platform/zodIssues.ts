import { z } from 'zod';

export interface IssueFormat {
  /** Shown for an issue about the whole value (empty path). */
  root: string;
  /** Between the path and the message: " " for HTTP replies ("text is required"), ": " for files and settings. */
  separator: string;
}

/** The one way a zod failure is turned into text, each issue as "path message". */
export function issueLines(error: z.ZodError, format: IssueFormat): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || format.root}${format.separator}${issue.message}`);
}

/** A file's zod failure on one line ("staff.0.id: Too small; …"), for start-up errors. */
export function describeFileIssues(error: unknown): string {
  return error instanceof z.ZodError ? issueLines(error, { root: '(file)', separator: ': ' }).join('; ') : String((error as Error)?.message ?? error);
}
