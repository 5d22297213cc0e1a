# Herald runs its TypeScript sources through tsx: no build step, one image for every role.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY tsconfig.json ./
USER node
EXPOSE 3000
# Role: start (api + worker), api, worker. MONGODB_URL must be set (docker-compose.yml does).
ENTRYPOINT ["node", "bin/herald.mjs"]
CMD ["start"]
