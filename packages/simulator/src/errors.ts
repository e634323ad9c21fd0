/** An HTTP answer in GitHub's error shape: `{ message, documentation_url, status, ...extra }`. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly documentationUrl = "https://docs.github.com/rest",
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {
      message: this.message,
      ...this.extra,
      documentation_url: this.documentationUrl,
      status: String(this.status),
    };
  }
}

export const notFound = (): HttpError => new HttpError(404, "Not Found");

export const validationFailed = (
  errors: Record<string, unknown>[],
  documentationUrl?: string,
): HttpError => new HttpError(422, "Validation Failed", { errors }, documentationUrl);

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
