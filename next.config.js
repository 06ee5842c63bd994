/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages with native or wasm parts stay out of the bundle.
  serverExternalPackages: ["pino", "pino-pretty", "sharp", "@node-rs/argon2", "bullmq", "ioredis", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
