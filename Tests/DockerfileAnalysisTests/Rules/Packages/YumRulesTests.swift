// DF608-DF610, the yum rules: sources that must be reported (the exact range between 1️⃣ and 2️⃣, a second
// finding between 3️⃣ and 4️⃣) and sources that must not.
import DockerfileSyntax
import Testing

@testable import DockerfileAnalysis

@Suite("DF608 yum-yes")
struct YumYesTests {
  static let fires = [
    "FROM centos:7\nRUN 1️⃣yum install2️⃣ httpd-2.4.6 && yum clean all\n",
    "FROM centos:7\nRUN 1️⃣yum -q groupinstall2️⃣ 'Development Tools'\n",
    "FROM centos:7\nRUN 1️⃣yum localinstall2️⃣ ./x.rpm\nRUN 3️⃣yum install4️⃣ x-1\n",
    "FROM centos:7\nONBUILD RUN 1️⃣yum install2️⃣ httpd-2.4.6\n",
  ]

  static let silent = [
    "FROM centos:7\nRUN yum install -y httpd-2.4.6\n",
    "FROM centos:7\nRUN yum -qy install httpd-2.4.6\n",
    "FROM centos:7\nRUN yum --assumeyes install httpd-2.4.6\n",
    "FROM centos:7\nRUN yum update\n",
    "FROM centos:7\nRUN sudo yum install httpd-2.4.6\n",
    "FROM centos:7\nRUN bash -c `# not even a yum command`\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF608", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF608", source) }
}

@Suite("DF609 yum-clean-all")
struct YumCleanAllTests {
  static let fires = [
    "FROM centos:7\nRUN 1️⃣yum install2️⃣ -y httpd-2.4.6\n",
    "FROM centos:7\nRUN yum clean all && 1️⃣yum install2️⃣ -y httpd-2.4.6\n",
    "FROM centos:7\nRUN rm -rf /var/cache/yum/* && 1️⃣yum -y install2️⃣ httpd-2.4.6\n",
    "FROM centos:7\nRUN 1️⃣yum install2️⃣ -y x-1 && sh -c 'yum clean all'\n",
    "FROM centos:7\nONBUILD RUN 1️⃣yum install2️⃣ -y httpd-2.4.6\n",
    "FROM centos:7\nRUN 1️⃣yum install2️⃣ -y a-1\nRUN 3️⃣yum install4️⃣ -y b-1\n",
  ]

  static let silent = [
    "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n",
    "FROM centos:7\nRUN yum install -y httpd-2.4.6 && rm -rf /var/cache/yum/*\n",
    // As in hadolint, `yum clean <anything>`, `yum ... all` and any `rm -rf` count as the clean-up.
    "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean metadata\n",
    "FROM centos:7\nRUN yum install -y httpd-2.4.6 && rm -rf /tmp/x\n",
    "FROM centos:7\nRUN yum update -y\n",
    "FROM centos:7\nRUN sudo yum install -y x-1\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF609", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF609", source) }
}

@Suite("DF610 yum-pin-versions")
struct YumPinVersionsTests {
  static let fires = [
    "FROM centos:7\nRUN yum install -y 1️⃣httpd2️⃣ && yum clean all\n",
    "FROM centos:7\nRUN yum install -y httpd-2.4.6 1️⃣mod_ssl2️⃣ x\n",
    "FROM centos:7\nRUN yum module install -y 1️⃣nodejs2️⃣\n",
    "FROM centos:7\nRUN yum install -y 1️⃣httpd-latest2️⃣\n",
    "FROM centos:7\nRUN yum install -y 1️⃣git-core-${VERSION}2️⃣\n",
    "FROM centos:7\nONBUILD RUN yum install -y 1️⃣httpd2️⃣\n",
    // ENV of an unrelated stage is not known; the ONBUILD pass does not see ENV outside ONBUILD.
    "FROM centos:7 AS build\nENV V=1\nFROM centos:7\nRUN yum install -y 1️⃣git-${V}2️⃣\n",
    "FROM centos:7\nENV V=1\nONBUILD RUN yum install -y 1️⃣git-${V}2️⃣\n",
    "FROM centos:7\nRUN yum install -y 1️⃣a2️⃣\nRUN yum install -y 3️⃣b4️⃣\n",
    // As in hadolint, a word without `-` has no version, even an `.rpm` file.
    "FROM centos:7\nRUN yum install -y 1️⃣./local.rpm2️⃣\n",
  ]

  static let silent = [
    "FROM centos:7\nRUN yum install -y httpd-2.4.6 openssl-1:1.0.2k gcc-c++-4.8.5 ./local-1.0.rpm\n",
    "FROM centos:7\nRUN yum module install -y nodejs:18\n",
    "FROM centos:7\nRUN yum -y groupinstall 'Development Tools'\n",
    "ARG version=2.51.0-2.fc42\nFROM centos:7\nRUN yum -y install git-core-$version\n",
    "FROM centos:7 AS build\nARG version=2.51.0\nFROM centos:7\nRUN yum -y install git-core-${version}\n",
    "FROM centos:7 AS build\nENV version=2.51.0\nFROM build\nRUN yum -y install git-core-${version}\n",
    "FROM centos:7\nONBUILD ENV V=1\nONBUILD RUN yum install -y git-${V}\n",
    "FROM centos:7\nRUN sudo yum install -y httpd\n",
    "FROM centos:7\nRUN bash -c `# not even a yum command`\n",
  ]

  @Test(arguments: fires) func reports(_ source: String) { expectMarkedFindings("DF610", source) }
  @Test(arguments: silent) func staysSilent(_ source: String) { expectNoFindings("DF610", source) }
}
