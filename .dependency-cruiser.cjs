/** Architecture rules checked by `npm run lint` (STYLE.md: ports and adapters). */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment:
        'src/core is the domain: it may import only other src/core modules and a few pure libraries ' +
        '(luxon, rrule, chrono-node, zod) — never a driver, SDK, HTTP server or node built-in I/O.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        pathNot: [
          '^src/core/',
          '^node_modules/(luxon|rrule|chrono-node|zod)/',
          '^node_modules/@types/luxon/',
        ],
      },
    },
    {
      name: 'only-the-store-talks-to-the-database',
      comment:
        "The MongoDB driver (and Agenda's MongoDB backend) is imported by src/store, which holds " +
        'the adapters, by src/local-db (which pings the servers it starts), and by the composition ' +
        'root that wires them; everything else receives ports.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/store/', '^src/local-db/', '^src/(compose|boot|main)\\.ts$'] },
      to: { path: '(^|/)node_modules/(mongodb|@agendajs/mongo-backend)/' },
    },
    {
      name: 'adapters-reach-the-store-through-ports',
      comment:
        'The API, the bots, the publishers and the jobs get storage as ports from the composition ' +
        'root; importing src/store would couple them to MongoDB.',
      severity: 'error',
      from: { path: '^src/(api|bots|publishers|jobs)/' },
      to: { path: '^src/store/' },
    },
    {
      name: 'only-boot-starts-the-local-database',
      comment:
        'src/local-db (provisioning a MongoDB-compatible server, the FerretDB build) is optional: ' +
        'only boot.ts starts it, and the npm run db:prepare / db:vet entry lives inside it. The store ' +
        'and everything else work on any supported server and never import it.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/local-db/', '^src/boot\\.ts$'] },
      to: { path: '^src/local-db/' },
    },
    {
      name: 'the-local-database-stands-alone',
      comment:
        'src/local-db knows nothing of Herald beyond its settings (config.ts) and the progress line ' +
        'its build draws: it can be read, changed or dropped on its own.',
      severity: 'error',
      from: { path: '^src/local-db/' },
      to: {
        path: '^src/',
        pathNot: ['^src/local-db/', '^src/config\\.ts$', '^src/infra/progress-line\\.ts$'],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'adapters-do-not-import-entry-points',
      comment: 'Only src/main.ts wires things together; adapters never import it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: '^src/main\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
