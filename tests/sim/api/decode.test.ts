import { describe, expect, it } from "vitest";
import { decodeManifest } from "../../../shared/sim/api/decode.ts";
import { decodeFail, decodeOk, deploymentManifest, errorsOf, podManifest } from "./helpers.ts";

describe("apiVersion and kind, as kubectl's REST mapper answers", () => {
  it.each([
    [
      { apiVersion: "apps/v1", kind: "Deploymnet", metadata: { name: "web" } },
      'no matches for kind "Deploymnet" in version "apps/v1"',
    ],
    [
      { apiVersion: "v1", kind: "Deployment", metadata: { name: "web" } },
      'no matches for kind "Deployment" in version "v1"',
    ],
    [
      { apiVersion: "extensions/v1beta1", kind: "Deployment", metadata: { name: "web" } },
      'no matches for kind "Deployment" in version "extensions/v1beta1"',
    ],
    [
      { apiVersion: "v1", kind: "pod", metadata: { name: "web" } },
      'no matches for kind "pod" in version "v1"',
    ],
    [
      { apiVersion: "v1", kind: "Servcie", metadata: { name: "web" } },
      'no matches for kind "Servcie" in version "v1"',
    ],
    [
      { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } },
      'no matches for kind "Widget" in version "example.com/v1"',
    ],
    [
      { apiVersion: "v1", metadata: { name: "web" } },
      `Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"web"}}'`,
    ],
    [
      { metadata: { name: "web", labels: { b: "1", a: "2" } }, spec: {} },
      `Object 'Kind' is missing in '{"metadata":{"labels":{"a":"2","b":"1"},"name":"web"},"spec":{}}'`,
    ],
    [{ kind: "Pod", metadata: { name: "web" } }, "error validating data: apiVersion not set"],
    [["a", "b"], "json: cannot unmarshal array into Go value of type map[string]interface {}"],
    ["hello", "json: cannot unmarshal string into Go value of type map[string]interface {}"],
  ])("%j", (manifest, message) => {
    expect(decodeFail(manifest).message).toBe(message);
  });

  it("names the kind and object of a failure when it can", () => {
    const result = decodeFail({ apiVersion: "apps/v1", kind: "Deploymnet", metadata: { name: "api" } });
    expect(result.kind).toBe("Deploymnet");
    expect(result.name).toBe("api");
    expect(result.errors[0]).toMatchObject({
      field: "kind",
      type: "NoKindMatch",
      detail: 'did you mean kind "Deployment"?',
    });
  });
});

describe("kinds the game does not simulate are accepted and reported", () => {
  it.each([
    ["networking.k8s.io/v1", "Ingress"],
    ["networking.k8s.io/v1", "NetworkPolicy"],
    ["rbac.authorization.k8s.io/v1", "Role"],
    ["rbac.authorization.k8s.io/v1", "ClusterRoleBinding"],
  ])("%s %s", (apiVersion, kind) => {
    const result = decodeManifest({
      apiVersion,
      kind,
      metadata: { name: "thing" },
      spec: { anything: [1, 2] },
      data: { a: "b" },
    });
    expect(result).toEqual({
      ok: true,
      object: null,
      kind,
      apiVersion,
      name: "thing",
      metadata: {
        name: "thing",
        ...(kind === "ClusterRoleBinding" ? {} : { namespace: "default" }),
        labels: {},
        annotations: {},
      },
      notSimulated: [],
    });
  });

  it("validates names by the kind's rule: RBAC names may hold colons", () => {
    const role = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "system:aggregate-to-edit" },
    };
    expect(decodeManifest(role)).toMatchObject({ ok: true, object: null, name: "system:aggregate-to-edit" });
    expect(errorsOf({ ...role, metadata: { name: "a/b" } })).toEqual([
      `metadata.name: Invalid value: "a/b": may not contain '/'`,
    ]);
    expect(errorsOf({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a:b" } })[0]).toMatch(
      /^metadata\.name: Invalid value: "a:b": a lowercase RFC 1123 subdomain/,
    );
  });

  it("still decodes their metadata strictly and validates it", () => {
    expect(
      decodeFail({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", lables: {} } }).message,
    ).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.lables"',
    );
    expect(decodeFail({ apiVersion: "v1", kind: "ConfigMap", metadata: {} }).message).toBe(
      'The ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    );
    const result = decodeManifest({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "j", finalizers: ["x/y"] },
    });
    expect(result).toMatchObject({ ok: true, object: null, notSimulated: ["metadata.finalizers"] });
  });
});

describe("strict decoding: unknown fields", () => {
  it("lists every unknown field, comma-separated, with its full path", () => {
    const manifest = podManifest(
      { containers: [{ name: "web", imagee: "nginx" }], nodeSelecter: { a: "b" } },
      { lables: {} },
    );
    const result = decodeFail(manifest);
    expect(result.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "metadata.lables", unknown field "spec.containers[0].imagee", unknown field "spec.nodeSelecter"',
    );
    expect(result.errors.map((e) => [e.field, e.type])).toEqual([
      ["metadata.lables", "FieldValueUnknown"],
      ["spec.containers[0].imagee", "FieldValueUnknown"],
      ["spec.nodeSelecter", "FieldValueUnknown"],
    ]);
  });

  it("uses the version without its group for apps kinds", () => {
    expect(decodeFail(deploymentManifest({ replica: 3 })).message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"',
    );
  });

  it("is case-sensitive, as sigs.k8s.io/json is", () => {
    expect(errorsOf(podManifest({ containers: [{ name: "web", Image: "nginx" }] }))).toEqual([
      'unknown field "spec.containers[0].Image"',
    ]);
  });

  it("checks inside fields it does not simulate", () => {
    const manifest = podManifest({
      containers: [
        { name: "web", image: "nginx", livenessProbe: { httpGet: { path: "/", port: 80 }, periodSecond: 5 } },
      ],
    });
    expect(errorsOf(manifest)).toEqual(['unknown field "spec.containers[0].livenessProbe.periodSecond"']);
  });
});

describe("strict decoding: type mismatches", () => {
  it.each([
    [
      podManifest({ containers: [{ name: "web", image: 1.27 }] }),
      "json: cannot unmarshal number into Go struct field Container.spec.containers.image of type string",
      "spec.containers[0].image",
    ],
    [
      podManifest({ containers: [{ name: "web", image: "x", env: [{ name: "PORT", value: 8080 }] }] }),
      "json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string",
      "spec.containers[0].env[0].value",
    ],
    [
      podManifest({}, { labels: { tier: 1 } }),
      "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string",
      "metadata.labels[tier]",
    ],
    [
      podManifest({ containers: "web" }),
      "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container",
      "spec.containers",
    ],
    [
      { apiVersion: "v1", kind: "Pod", metadata: { name: "x" }, spec: [] },
      "json: cannot unmarshal array into Go struct field Pod.spec of type v1.PodSpec",
      "spec",
    ],
    [
      deploymentManifest({ replicas: "3" }),
      "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32",
      "spec.replicas",
    ],
    [
      deploymentManifest({ replicas: 1.5 }),
      "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32",
      "spec.replicas",
    ],
    [
      deploymentManifest({ paused: "yes" }),
      "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool",
      "spec.paused",
    ],
    [
      deploymentManifest({ strategy: { rollingUpdate: { maxSurge: true } } }),
      "json: cannot unmarshal bool into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32",
      "spec.strategy.rollingUpdate.maxSurge",
    ],
  ])("%#", (manifest, detail, field) => {
    const result = decodeFail(manifest);
    expect(result.message).toBe(
      `${manifest.kind} in version "v1" cannot be handled as a ${manifest.kind}: ${detail}`,
    );
    expect(result.errors).toEqual([{ field, type: "FieldValueTypeInvalid", message: detail }]);
  });

  it("reports only the first type error, and no unknown fields with it", () => {
    const manifest = podManifest({ containers: [{ name: 1, image: 2, imagee: "x" }] });
    expect(errorsOf(manifest)).toEqual([
      "json: cannot unmarshal number into Go struct field Container.spec.containers.name of type string",
    ]);
  });

  it("rejects a malformed quantity while decoding, before validation", () => {
    const result = decodeFail(
      podManifest(
        { containers: [{ name: "web", image: "x", resources: { requests: { cpu: "1x" } } }] },
        { name: "Bad_Name" },
      ),
    );
    expect(result.message).toBe(
      `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    );
    expect(result.errors.map((e) => e.message)).toEqual([
      `spec.containers[0].resources.requests[cpu]: Invalid value: "1x": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    ]);
  });

  it("accepts numbers where quantities and int-or-strings are expected", () => {
    const { object } = decodeOk(
      podManifest({
        containers: [{ name: "web", image: "x", resources: { limits: { cpu: 0.5, memory: 1e9 } } }],
      }),
    );
    expect(object.kind === "Pod" && object.spec.containers[0]?.resources).toEqual({
      limits: { cpu: "0.5", memory: "1000000000" },
      requests: { cpu: "0.5", memory: "1000000000" },
    });
  });

  it("treats null as absent, as Go's decoder does", () => {
    const { object } = decodeOk(
      podManifest({ nodeSelector: null, tolerations: null }, { creationTimestamp: null, labels: null }),
    );
    expect(object.metadata.labels).toEqual({});
    expect(object.kind === "Pod" && object.spec.tolerations).toEqual([]);
  });
});

describe("status and server-managed metadata are accepted and ignored", () => {
  it("ignores status on create and metadata the server owns", () => {
    const manifest = {
      ...podManifest(
        {},
        { uid: "abc", resourceVersion: "12", creationTimestamp: "2025-01-01T00:00:00Z", managedFields: [{}] },
      ),
      status: { phase: "Running", podIP: "10.0.0.1", whatever: true },
    };
    const { object, notSimulated } = decodeOk(manifest);
    expect(object.metadata).toEqual({ name: "web", namespace: "default", labels: {}, annotations: {} });
    expect(notSimulated).toEqual([]);
  });

  it("accepts a Deployment with status", () => {
    const { object } = decodeOk({ ...deploymentManifest(), status: { replicas: 3, readyReplicas: 3 } });
    expect(object.kind).toBe("Deployment");
  });
});

describe("not-simulated fields", () => {
  it("reports valid fields the game does not simulate, by path", () => {
    const manifest = podManifest({
      containers: [
        {
          name: "web",
          image: "nginx:1.27",
          workingDir: "/app",
          envFrom: [{ configMapRef: { name: "cfg" } }],
          livenessProbe: { exec: { command: ["true"] } },
          startupProbe: { grpc: { port: 9000 } },
          lifecycle: { preStop: { sleep: { seconds: 5 } } },
          terminationMessagePath: "/dev/termination-log",
        },
      ],
      initContainers: [{ name: "init", image: "busybox", command: ["true"] }],
      hostNetwork: true,
      dnsPolicy: "ClusterFirst",
      serviceAccountName: "web",
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "DoNotSchedule" }],
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname" }],
        },
      },
      enableServiceLinks: true,
      securityContext: {},
    });
    expect(decodeOk(manifest).notSimulated).toEqual([
      "spec.containers[0].workingDir",
      "spec.containers[0].lifecycle",
      "spec.hostNetwork",
    ]);
  });

  it("loads a realistic Deployment with probes, volumes and a security context", () => {
    const manifest = deploymentManifest(
      { replicas: 3 },
      {
        spec: {
          securityContext: { runAsNonRoot: true, fsGroup: 2000, seccompProfile: { type: "RuntimeDefault" } },
          volumes: [
            {
              name: "config",
              configMap: { name: "web", items: [{ key: "nginx.conf", path: "nginx.conf" }] },
            },
            { name: "data", persistentVolumeClaim: { claimName: "web-data" } },
            { name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
          ],
          containers: [
            {
              name: "web",
              image: "nginx:1.27",
              ports: [{ name: "http", containerPort: 80 }],
              readinessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: 10, failureThreshold: 3 },
              volumeMounts: [
                { name: "config", mountPath: "/etc/nginx/nginx.conf", subPath: "nginx.conf", readOnly: true },
                { name: "data", mountPath: "/usr/share/nginx/html" },
                { name: "tmp", mountPath: "/tmp" },
              ],
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
                readOnlyRootFilesystem: true,
              },
              resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
            },
          ],
        },
      },
    );
    const { object, notSimulated } = decodeOk(manifest);
    expect(notSimulated).toEqual([
      "spec.template.spec.securityContext",
      "spec.template.spec.containers[0].securityContext",
    ]);
    expect(object.kind === "Deployment" && object.spec.template.spec.containers[0]).toEqual({
      name: "web",
      image: "nginx:1.27",
      ports: [{ name: "http", containerPort: 80, protocol: "TCP" }],
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      imagePullPolicy: "IfNotPresent",
      volumeMounts: [
        { name: "config", mountPath: "/etc/nginx/nginx.conf", subPath: "nginx.conf", readOnly: true },
        { name: "data", mountPath: "/usr/share/nginx/html" },
        { name: "tmp", mountPath: "/tmp" },
      ],
      readinessProbe: {
        httpGet: { path: "/healthz", port: "http", scheme: "HTTP" },
        initialDelaySeconds: 0,
        timeoutSeconds: 1,
        periodSeconds: 5,
        successThreshold: 1,
        failureThreshold: 3,
      },
      livenessProbe: {
        tcpSocket: { port: 80 },
        initialDelaySeconds: 10,
        timeoutSeconds: 1,
        periodSeconds: 10,
        successThreshold: 1,
        failureThreshold: 3,
      },
    });
  });

  it("does not report fields set to their API default", () => {
    const manifest = podManifest({
      dnsPolicy: "ClusterFirst",
      enableServiceLinks: true,
      preemptionPolicy: "PreemptLowerPriority",
      serviceAccountName: "default",
      hostNetwork: false,
      volumes: [],
      containers: [
        {
          name: "web",
          image: "nginx",
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
        },
      ],
    });
    expect(decodeOk(manifest).notSimulated).toEqual([]);
  });

  it("decodes env valueFrom (the downward API, ConfigMap and Secret keys)", () => {
    const manifest = podManifest({
      containers: [
        {
          name: "web",
          image: "x",
          env: [{ name: "IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }],
        },
      ],
    });
    const { object, notSimulated } = decodeOk(manifest);
    expect(notSimulated).toEqual([]);
    expect(object.kind === "Pod" && object.spec.containers[0]?.env).toEqual([
      { name: "IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
    ]);
  });

  it("simulates priority classes (the API server resolves them at admission)", () => {
    expect(decodeOk(podManifest({ priorityClassName: "high" })).notSimulated).toEqual([]);
    const { object, notSimulated } = decodeOk(podManifest({ priorityClassName: "system-node-critical" }));
    expect(notSimulated).toEqual([]);
    expect(object.kind === "Pod" && object.spec.priority).toBe(2_000_001_000);
  });
});

describe("metadata", () => {
  it("defaults the namespace of namespaced kinds only", () => {
    expect(decodeOk(podManifest()).object.metadata.namespace).toBe("default");
    expect(decodeManifest(podManifest(), { defaultNamespace: "team-a" })).toMatchObject({
      ok: true,
      object: { metadata: { namespace: "team-a" } },
    });
    expect(decodeOk(podManifest({}, { namespace: "shop" })).object.metadata.namespace).toBe("shop");
    const ns = decodeOk({ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop", namespace: "x" } });
    expect(ns.object.metadata).toEqual({ name: "shop", labels: {}, annotations: {} });
  });

  it("generates a name from generateName, deterministically", () => {
    const manifest = podManifest({}, { name: undefined, generateName: "web-" });
    const first = decodeOk(manifest).object.metadata.name;
    expect(first).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(decodeOk(manifest).object.metadata.name).toBe(first);
    expect(decodeManifest(manifest, { nameSuffix: "abcde" })).toMatchObject({
      object: { metadata: { name: "web-abcde" } },
    });
  });

  it.each([
    [
      podManifest({}, { name: "Web_1" }),
      `metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ],
    [podManifest({}, { name: "" }), "metadata.name: Required value: name or generateName is required"],
    [
      podManifest({}, { namespace: "Shop" }),
      `metadata.namespace: Invalid value: "Shop": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ],
    [
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "team.a" } },
      'metadata.name: Invalid value: "team.a": must not contain dots',
    ],
    [
      podManifest(
        {},
        { ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "" }] },
      ),
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
    ],
    [
      podManifest({}, { annotations: { "bad key!": "x" } }),
      `metadata.annotations: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    ],
  ])("%#", (manifest, message) => {
    expect(errorsOf(manifest)).toEqual([message]);
  });

  it("writes the whole message like kubectl, one error bare and several bracketed", () => {
    expect(decodeFail(podManifest({ containers: [{ name: "web" }] })).message).toBe(
      'The Pod "web" is invalid: spec.containers[0].image: Required value',
    );
    expect(
      decodeFail(podManifest({ restartPolicy: "Sometimes", containers: [{ name: "web" }] })).message,
    ).toBe(
      'The Pod "web" is invalid: [spec.containers[0].image: Required value, spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"]',
    );
  });
});

describe("manifests as kubectl writes them", () => {
  it("accepts `kubectl create deployment --dry-run=client -o yaml` output", () => {
    const manifest = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { creationTimestamp: null, labels: { app: "web" }, name: "web" },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "web" } },
        strategy: {},
        template: {
          metadata: { creationTimestamp: null, labels: { app: "web" } },
          spec: { containers: [{ image: "nginx", name: "nginx", resources: {} }] },
        },
      },
      status: {},
    };
    const { object, notSimulated } = decodeOk(manifest);
    expect(notSimulated).toEqual([]);
    expect(object.kind === "Deployment" && object.spec.strategy.type).toBe("RollingUpdate");
    expect(object.kind === "Deployment" && object.spec.template.spec.containers[0]).toEqual({
      name: "nginx",
      image: "nginx",
      imagePullPolicy: "Always",
    });
  });

  it("accepts `kubectl get pod -o yaml` output, reporting only the service-account token's volume", () => {
    const manifest = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        creationTimestamp: "2025-01-01T00:00:00Z",
        generateName: "web-7d4b9c8f6d-",
        labels: { app: "web", "pod-template-hash": "7d4b9c8f6d" },
        name: "web-7d4b9c8f6d-x2x4q",
        namespace: "default",
        ownerReferences: [
          {
            apiVersion: "apps/v1",
            blockOwnerDeletion: true,
            controller: true,
            kind: "ReplicaSet",
            name: "web-7d4b9c8f6d",
            uid: "0d9c",
          },
        ],
        resourceVersion: "1234",
        uid: "5f1e",
      },
      spec: {
        containers: [
          {
            image: "nginx:1.27",
            imagePullPolicy: "IfNotPresent",
            name: "nginx",
            resources: {},
            terminationMessagePath: "/dev/termination-log",
            terminationMessagePolicy: "File",
            volumeMounts: [
              {
                mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
                name: "kube-api-access-abcde",
                readOnly: true,
              },
            ],
          },
        ],
        dnsPolicy: "ClusterFirst",
        enableServiceLinks: true,
        nodeName: "worker-1",
        preemptionPolicy: "PreemptLowerPriority",
        priority: 0,
        restartPolicy: "Always",
        schedulerName: "default-scheduler",
        securityContext: {},
        serviceAccount: "default",
        serviceAccountName: "default",
        terminationGracePeriodSeconds: 30,
        tolerations: [
          {
            effect: "NoExecute",
            key: "node.kubernetes.io/not-ready",
            operator: "Exists",
            tolerationSeconds: 300,
          },
          {
            effect: "NoExecute",
            key: "node.kubernetes.io/unreachable",
            operator: "Exists",
            tolerationSeconds: 300,
          },
        ],
        volumes: [
          {
            name: "kube-api-access-abcde",
            projected: {
              defaultMode: 420,
              sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: "token" } }],
            },
          },
        ],
      },
      status: { phase: "Running", podIP: "10.244.1.5", qosClass: "BestEffort" },
    };
    const { object, notSimulated } = decodeOk(manifest);
    // The ServiceAccount token's projected volume is the one source the game does not simulate.
    expect(notSimulated).toEqual(["spec.volumes[0].projected"]);
    expect(object.metadata).toEqual({
      name: "web-7d4b9c8f6d-x2x4q",
      namespace: "default",
      labels: { app: "web", "pod-template-hash": "7d4b9c8f6d" },
      annotations: {},
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "web-7d4b9c8f6d",
          uid: "0d9c",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
    expect(object.kind === "Pod" && object.spec.tolerations).toHaveLength(2);
    expect(object.kind === "Pod" && object.spec.nodeName).toBe("worker-1");
  });
});
