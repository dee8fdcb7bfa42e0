// etcd for the offline kind node image, at the version kubeadm v1.34.4 expects (3.6.5-0).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
