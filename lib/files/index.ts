import "server-only";
// The files module's public surface for the app (routes and pages); lib/ and tests import the
// module that holds what they need.
export { downloadHeaders, getFileForDownload } from "./download";
export { fileMaxBytes, FileTooLargeError } from "./limits";
export { listUploadedFiles, uploadFile } from "./upload";
