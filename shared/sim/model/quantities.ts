/** Parsed resource amounts. cpu in millicores, memory in bytes. */
export interface Resources {
  cpu: number;
  memory: number;
}

export interface NodeResources extends Resources {
  pods: number;
}

export const ZERO_RESOURCES: Readonly<Resources> = Object.freeze({ cpu: 0, memory: 0 });
