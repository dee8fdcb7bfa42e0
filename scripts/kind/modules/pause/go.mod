// The pause process of the offline kind node image.
module mlops-labs/kind/pause

go 1.24.0
