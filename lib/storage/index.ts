export * from "./objects";
export { s3, createS3Client } from "./s3";
