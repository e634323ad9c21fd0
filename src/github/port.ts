import type { ChecksPort } from "./port/checks.js";
import type { CommentsPort } from "./port/comments.js";
import type { GitAccessPort } from "./port/git-access.js";
import type { IssuesPort } from "./port/issues.js";
import type { LabelsPort } from "./port/labels.js";
import type { PullsPort } from "./port/pulls.js";
import type { RepoPort } from "./port/repo.js";
import type { ReviewsPort } from "./port/reviews.js";
import type { RolesPort } from "./port/roles.js";

export * from "./port/actions.js";
export type * from "./port/checks.js";
export type * from "./port/comments.js";
export type * from "./port/git-access.js";
export type * from "./port/issues.js";
export type * from "./port/labels.js";
export * from "./port/pulls.js";
export type * from "./port/repo.js";
export type * from "./port/reviews.js";
export type * from "./port/roles.js";

/**
 * The GitHub port: everything the domain asks of GitHub, grouped by concern (each in its own
 * leaf file under port/). A consumer that needs one or two concerns says so in its parameter
 * type (`github: IssuesPort & CommentsPort`), and a test's fake implements only those.
 * `OctokitGitHub` implements the whole of it against the REST API.
 */
export interface GitHubPort
  extends
    RepoPort,
    IssuesPort,
    CommentsPort,
    LabelsPort,
    PullsPort,
    ReviewsPort,
    RolesPort,
    ChecksPort,
    GitAccessPort {}
