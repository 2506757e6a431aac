import {
  bool,
  i32,
  i64,
  intOrString,
  list,
  notSimulated,
  quantity,
  resourceList,
  type Schema,
  str,
  strings,
  struct,
} from "../schema.ts";

/** core/v1 Container and the types it uses (`staging/src/k8s.io/api/core/v1/types.go`). */
const ObjectFieldSelector = struct("ObjectFieldSelector", { apiVersion: str, fieldPath: str });
const ResourceFieldSelector = struct("ResourceFieldSelector", {
  containerName: str,
  resource: str,
  divisor: quantity,
});
const keyRef = (name: string) => struct(name, { name: str, key: str, optional: bool });
const FileKeySelector = struct("FileKeySelector", { volumeName: str, path: str, key: str, optional: bool });

export const EnvVarSource = struct("EnvVarSource", {
  fieldRef: ObjectFieldSelector,
  resourceFieldRef: ResourceFieldSelector,
  configMapKeyRef: keyRef("ConfigMapKeySelector"),
  secretKeyRef: keyRef("SecretKeySelector"),
  fileKeyRef: FileKeySelector,
});

export const EnvVar = struct("EnvVar", { name: str, value: str, valueFrom: EnvVarSource });

const EnvFromSource = struct("EnvFromSource", {
  prefix: str,
  configMapRef: struct("ConfigMapEnvSource", { name: str, optional: bool }),
  secretRef: struct("SecretEnvSource", { name: str, optional: bool }),
});

export const ContainerPort = struct("ContainerPort", {
  name: str,
  hostPort: i32,
  containerPort: i32,
  protocol: str,
  hostIP: notSimulated(str),
});

export const ResourceRequirements = struct("ResourceRequirements", {
  limits: resourceList,
  requests: resourceList,
  claims: notSimulated(list(struct("ResourceClaim", { name: str, request: str }))),
});

const VolumeMount = struct("VolumeMount", {
  name: str,
  readOnly: bool,
  recursiveReadOnly: str,
  mountPath: str,
  subPath: str,
  mountPropagation: str,
  subPathExpr: str,
});
const VolumeDevice = struct("VolumeDevice", { name: str, devicePath: str });

const ExecAction = struct("ExecAction", { command: strings });
const HTTPGetAction = struct("HTTPGetAction", {
  path: str,
  port: intOrString,
  host: str,
  scheme: str,
  httpHeaders: list(struct("HTTPHeader", { name: str, value: str })),
});
const TCPSocketAction = struct("TCPSocketAction", { port: intOrString, host: str });
const GRPCAction = struct("GRPCAction", { port: i32, service: str });
const SleepAction = struct("SleepAction", { seconds: i64 });

export const Probe = struct("Probe", {
  exec: ExecAction,
  httpGet: HTTPGetAction,
  tcpSocket: TCPSocketAction,
  grpc: GRPCAction,
  initialDelaySeconds: i32,
  timeoutSeconds: i32,
  periodSeconds: i32,
  successThreshold: i32,
  failureThreshold: i32,
  terminationGracePeriodSeconds: i64,
});

const LifecycleHandler = struct("LifecycleHandler", {
  exec: ExecAction,
  httpGet: HTTPGetAction,
  tcpSocket: TCPSocketAction,
  sleep: SleepAction,
});
const Lifecycle = struct("Lifecycle", {
  postStart: LifecycleHandler,
  preStop: LifecycleHandler,
  stopSignal: str,
});

export const SELinuxOptions = struct("SELinuxOptions", { user: str, role: str, type: str, level: str });
export const WindowsSecurityContextOptions = struct("WindowsSecurityContextOptions", {
  gmsaCredentialSpecName: str,
  gmsaCredentialSpec: str,
  runAsUserName: str,
  hostProcess: bool,
});
export const SeccompProfile = struct("SeccompProfile", { type: str, localhostProfile: str });
export const AppArmorProfile = struct("AppArmorProfile", { type: str, localhostProfile: str });

const SecurityContext = struct("SecurityContext", {
  capabilities: struct("Capabilities", { add: strings, drop: strings }),
  privileged: bool,
  seLinuxOptions: SELinuxOptions,
  windowsOptions: WindowsSecurityContextOptions,
  runAsUser: i64,
  runAsGroup: i64,
  runAsNonRoot: bool,
  readOnlyRootFilesystem: bool,
  allowPrivilegeEscalation: bool,
  procMount: str,
  seccompProfile: SeccompProfile,
  appArmorProfile: AppArmorProfile,
});

const ContainerResizePolicy = struct("ContainerResizePolicy", { resourceName: str, restartPolicy: str });
const ContainerRestartRule = struct("ContainerRestartRule", {
  action: str,
  exitCodes: struct("ContainerRestartRuleOnExitCodes", { operator: str, values: list(i32) }),
});

/** Fields of Container; EphemeralContainer has the same plus targetContainerName. */
const CONTAINER_FIELDS = {
  name: str,
  image: str,
  command: strings,
  args: strings,
  workingDir: notSimulated(str),
  ports: list(ContainerPort),
  envFrom: list(EnvFromSource),
  env: list(EnvVar),
  resources: ResourceRequirements,
  resizePolicy: notSimulated(list(ContainerResizePolicy)),
  restartPolicy: str,
  restartPolicyRules: notSimulated(list(ContainerRestartRule)),
  volumeMounts: list(VolumeMount),
  volumeDevices: notSimulated(list(VolumeDevice)),
  livenessProbe: Probe,
  readinessProbe: Probe,
  startupProbe: Probe,
  lifecycle: notSimulated(Lifecycle),
  terminationMessagePath: notSimulated(str, "/dev/termination-log"),
  terminationMessagePolicy: notSimulated(str, "File"),
  imagePullPolicy: str,
  securityContext: notSimulated(SecurityContext),
  stdin: notSimulated(bool),
  stdinOnce: notSimulated(bool),
  tty: notSimulated(bool),
};

export const Container: Schema = struct("Container", CONTAINER_FIELDS);
export const EphemeralContainer: Schema = struct("EphemeralContainer", {
  ...CONTAINER_FIELDS,
  targetContainerName: str,
});
