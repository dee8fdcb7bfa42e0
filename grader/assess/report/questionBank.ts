// Follow-up interview questions per topic, as the labs' lab.yaml spell topics. Data, kept as a
// module rather than YAML because the build ships only compiled code in dist/. Each topic's questions
// go from the fundamentals to depth: a gap is probed from the front, a strength explored from the back.
// A lab that adds a topic adds its questions here (a unit test fails until it does).
export const QUESTION_BANK: Readonly<Record<string, readonly string[]>> = {
  "Dockerfile structure": [
    "The image builds on your laptop but not in CI. How do you find out why, and what in a Dockerfile makes a build reproducible?",
    "What does a HEALTHCHECK instruction do, who acts on it (Docker, Compose, Kubernetes), and why does Kubernetes ignore it?",
    "How would you build a CPU and a GPU variant of the same model API from one Dockerfile without duplicating it?",
  ],
  "CMD vs ENTRYPOINT": [
    "What is the difference between the exec form and the shell form of CMD, and what happens to SIGTERM in each?",
    "When do you combine ENTRYPOINT and CMD? Give an example for a model-serving image.",
    "Every deploy waits 10 seconds for the old container to stop. Walk me through the causes and the fixes (PID 1, signal handling, draining in-flight requests).",
  ],
  "multi-stage builds": [
    "Why use a multi-stage build for a Python model API, and what exactly should reach the final stage?",
    "How do you build wheels for packages with C extensions in one stage and install them in a slim one?",
    "Would you train the model in a build stage? Compare that with pulling a versioned artifact from a registry.",
  ],
  "layer caching": [
    "Why does copying requirements.txt before the application code speed up rebuilds? What invalidates a layer?",
    "How do you keep the layer cache useful on CI runners that start empty (cache-from, a registry cache, BuildKit cache mounts)?",
    "How do you make dependency layers both cacheable and reproducible (lock files, hashes, cache mounts)?",
  ],
  "image size": [
    "Where does the size of a typical Python ML image come from, and which three changes shrink it most?",
    "What are the risks of Alpine-based images for Python ML workloads compared with slim Debian ones?",
    "How does image size affect autoscaling and cold starts on Kubernetes, and how would you measure it?",
  ],
  "large model files": [
    "Should model weights be baked into the image or fetched at startup from a registry or object store? When would you choose each?",
    "How do you prove in CI that the image serves exactly the model version that was evaluated?",
    "A 5 GB model makes pods take minutes to become ready. What are your options (node-local cache, init containers, lazy loading, a smaller artifact)?",
  ],
  "image security": [
    "Why run a container as a non-root user, and how do you do it in a Dockerfile so file permissions still work?",
    "A secret was in an ENV line of an image already pushed to a registry. What do you do, in order?",
    "How would you add image scanning and SBOMs to a pipeline without blocking every build on low-severity CVEs?",
  ],
  "Compose networking": [
    "Why does `localhost` inside one Compose service not reach another, and how does service-name DNS work?",
    "Which ports of an ML stack (database, tracking server, API, Prometheus) would you publish on the host, and on which address?",
    "How would you put the database on its own network so only the services that need it can reach it?",
  ],
  "health checks and startup order": [
    "What does `depends_on` do with and without `condition: service_healthy`?",
    "What makes a good health check for a model API: the process answering, or the model loaded and predicting?",
    "A training job must wait for the database and the tracking server, and the API for a registered model. How do you express that in Compose, and in Kubernetes?",
  ],
  "volumes and persistence": [
    "What is the difference between a named volume and a bind mount, and which would you use for a tracking server's database and artifacts?",
    "What survives `docker compose down`, and what does `down -v` remove?",
    "How would you back up and restore an MLflow backend store and its artifact store?",
  ],
  "secrets and configuration": [
    "How do you keep credentials out of compose.yaml and out of git while keeping local setup easy (.env, env_file, Compose secrets)?",
    "What is the difference between Compose secrets and environment variables, and what leaks through `docker inspect`?",
    "How would you rotate a database password used by three services without downtime?",
  ],
  "MLflow model registry": [
    "How does a serving API decide which model version to load from the registry (stages or aliases), and what happens when the alias moves?",
    "How do you trace the model in production back to the run, the data and the code that produced it?",
    "Design a promotion flow from candidate to production with an approval step and a rollback.",
  ],
  "Prometheus monitoring": [
    "Which metrics would you expose from a model API, and why a histogram rather than an average for latency?",
    "Prometheus shows the API's target as down. How do you debug the scrape configuration?",
    "How would you detect model drift or degrading prediction quality with metrics and alerts?",
  ],
  "ML CI/CD stages": [
    "Which stages should a pipeline that trains and ships a model have, and what should each one block?",
    "How do you make sure the image you deploy contains the model trained and evaluated in the same pipeline run?",
    "How would you keep a training pipeline fast in CI (caching, data subsets, split jobs) without testing something other than what ships?",
  ],
  "evaluation gates": [
    "How do you choose the threshold of an evaluation gate, and who owns it?",
    "Beyond accuracy on a test set, what would you gate a release on (slices, latency, comparison with the production model)?",
    "A model passes offline evaluation and underperforms in production. How would you change the gate (shadow traffic, canaries, online metrics)?",
  ],
  "model testing": [
    "What tests do you write for ML code: feature unit tests, data validation, model behaviour tests? Give one of each.",
    "Why must a failing test or lint step block the deploy job, and how do you wire that with job dependencies?",
    "How would you test that predictions are invariant to irrelevant changes and monotonic where they should be?",
  ],
  "branch routing": [
    "How do you make pull requests build and test but never deploy, while main deploys to production?",
    "What are GitHub environments for, and how do protection rules and concurrency groups keep two deployments from racing?",
    "Branch per environment, tags, or one artifact promoted through environments: how would you design promotion from staging to production?",
  ],
  secrets: [
    "Why is `${{ github.event.pull_request.title }}` inside a `run:` step dangerous, and how do you fix it?",
    "What should the GITHUB_TOKEN's permissions be by default, and how do you grant more to one job only?",
    "How would you give a pipeline cloud credentials without storing long-lived secrets (OIDC federation)?",
  ],
  "supply chain": [
    "Why pin third-party actions to a commit SHA rather than a tag, and how do you keep the pins current?",
    "How do you make sure the image you deploy is the one your pipeline built (digests, signing, provenance)?",
    "Which parts of an ML supply chain lie beyond code dependencies (base images, pretrained weights, datasets), and how do you verify them?",
  ],
  Deployments: [
    "How does a Deployment roll out a new image, and why pin images by tag or digest rather than `latest`?",
    "How do you run a pod as non-root on Kubernetes (securityContext), and what else would you lock down?",
    "A Deployment never becomes Available. Walk me through how you find out why.",
  ],
  Services: [
    "How does a Service find its pods, and what happens when the selector and the pods' labels differ?",
    "ClusterIP, NodePort, LoadBalancer or an Ingress: which would you use for a model API, and why?",
    "Why can requests fail during a rollout even with readiness probes, and how do you fix it (endpoint propagation, a preStop delay)?",
  ],
  "resources and limits": [
    "What do CPU and memory requests and limits do, and what happens when a container exceeds each?",
    "How do you size requests for a model API, and how do they interact with the HPA's utilisation target?",
    "How would you cut the cost of a model-serving fleet without breaking its latency target?",
  ],
  probes: [
    "What are readiness, liveness and startup probes, and what goes wrong when a liveness probe depends on the model loading?",
    "Why does a pod being deleted still receive traffic for a moment, and how do graceful shutdown and preStop fix it?",
    "How would you design the probes for a model that takes two minutes to load?",
  ],
  "ConfigMaps and Secrets": [
    "Why is a password in a ConfigMap a problem, and how are Secrets different (and not different)?",
    "How do you get secrets from a vault or a cloud secret manager into pods?",
    "How do you roll a changed ConfigMap or Secret out to running pods?",
  ],
  HPA: [
    "How does the HPA decide how many replicas to run, and why does it need resource requests and metrics-server?",
    "CPU is a poor signal for a GPU-bound or I/O-bound model. What would you scale on instead, and how (custom metrics, KEDA, queue length)?",
    "The HPA scales up too late for a traffic spike. What do you tune (stabilization windows, minimum replicas, startup time)?",
  ],
  rollouts: [
    "How do maxSurge and maxUnavailable shape a rolling update, and which values keep full capacity?",
    "How would you roll out a new model version as a canary and decide automatically whether to continue?",
    "How do you roll back a bad model release quickly, and what must be versioned for that to work?",
  ],
  "disruption budgets": [
    "What does a PodDisruptionBudget protect against, and what does it not?",
    "A node drain hangs forever. Which PDB setting causes that, and how do you avoid it?",
    "How do you keep a model API serving through a cluster upgrade?",
  ],
  "latency and load testing": [
    "Why look at p95 and p99 rather than the average, and how do you run a load test whose percentiles you can trust (coordinated omission)?",
    "Latency went from 50 ms to 300 ms after a release. How do you find the cause?",
    "How would you put a latency regression test into CI without it being flaky?",
  ],
  "model loading": [
    "Why load a model once at startup rather than per request, and how do you share it across workers?",
    "How do you make sure a performance fix did not change the model's predictions?",
    "How do you warm a model up (JIT, caches) before its pod receives traffic?",
  ],
  "feature store access": [
    "How would you cut the latency of online feature lookups per prediction (batching, connection pooling, caching)?",
    "What is training/serving skew, and how does a feature store help prevent it?",
    "What happens to predictions when the feature store is slow or down, and how do you degrade gracefully?",
  ],
  "async serving": [
    "What happens to an async Python API when a handler does blocking I/O or CPU-heavy inference on the event loop?",
    "How would you run CPU-bound inference behind an async web server (thread pool, process pool, a separate model server)?",
    "When would you batch inference requests, and what does batching cost in latency?",
  ],
  "logging and I/O": [
    "Why can synchronous logging or file I/O in the request path hurt tail latency, and how do you fix it without losing the audit trail?",
    "How do you follow one request through the logs of several services (request ids, trace ids)?",
    "What must an audit log of predictions contain for a regulated model, and where would you keep it?",
  ],
  "incident diagnosis": [
    "Walk me through how you diagnosed the regression: which evidence pointed to which cause?",
    "How would you write the post-mortem of this latency incident, and what would its action items be?",
    "Which dashboards and alerts would have caught this regression before users did?",
  ],
};

/** For a topic the bank does not know yet: still a question, never a gap in the report. */
export function fallbackQuestions(topic: string): string[] {
  return [
    `Walk me through how you handled ${topic} in this lab, and what you would check first if it broke in production.`,
    `What would change in your approach to ${topic} at ten times the traffic or team size?`,
  ];
}
